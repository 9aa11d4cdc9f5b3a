// npm run config:check: the configuration the server would run with, secrets masked, and what
// a production service still lacks.
import { configSchema, type Config } from './config.js';

/** Settings whose values are never printed. */
const secretName = /SECRET|TOKEN|PASSWORD|CREDENTIAL/i;

/** A URL's password (user:***@) and credential-like query values masked, wherever in a text. */
export function maskCredentials(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s:]*):[^/?#@\s]*@/gi, '$1$2:***@')
    .replace(/([?&][^=&\s]*(?:pass|secret|token|key)[^=&\s]*=)[^&\s]*/gi, '$1***');
}

/** A setting's value as config:check prints it. */
export function printableValue(name: string, value: unknown): string {
  if (value === undefined) return '-';
  if (secretName.test(name)) return '***';
  const text =
    typeof value === 'string'
      ? value
      : JSON.stringify(value, (key, inner: unknown) => (key && secretName.test(key) ? '***' : inner));
  return maskCredentials(text);
}

/** Metrics: read from the configuration when it has the setting, from the environment otherwise. */
function metricsTokenOf(config: Config, env: NodeJS.ProcessEnv): string | undefined {
  if ('METRICS_TOKEN' in configSchema.shape) {
    return (config as Partial<Record<string, unknown>>).METRICS_TOKEN as string | undefined;
  }
  return env.METRICS_TOKEN || undefined;
}

/** What a production service needs and this configuration does not give it. */
export function productionWarnings(config: Config, env: NodeJS.ProcessEnv): string[] {
  const warnings: string[] = [];
  const isHttps = config.PUBLIC_URL?.startsWith('https://') ?? false;
  if (config.SEED_DEMO_DATA) {
    warnings.push(
      'SEED_DEMO_DATA is on: an empty database gets demo accounts whose password is public. Set SEED_DEMO_DATA=false.',
    );
  }
  if (!config.PUBLIC_URL) {
    warnings.push(
      `PUBLIC_URL is not set: links in mail point to http://localhost:${config.PORT} and cookies are not Secure. Set it to the https:// address people use.`,
    );
  } else if (!isHttps) {
    warnings.push(
      `PUBLIC_URL (${config.PUBLIC_URL}) is not https://: session cookies are sent without Secure. Serve the service over https.`,
    );
  }
  if (isHttps && !config.TRUST_PROXY) {
    warnings.push(
      'PUBLIC_URL is https:// but TRUST_PROXY is off: behind the proxy that ends TLS, every client counts as the proxy for the per-address limits. Set TRUST_PROXY=true (the proxy must replace X-Forwarded-For).',
    );
  }
  if (!config.SMTP_URL) {
    warnings.push(
      'SMTP_URL is not set: outgoing mail is only stored (shown in /console/dev-mailbox), never sent.',
    );
  }
  if (!metricsTokenOf(config, env)) {
    warnings.push('METRICS_TOKEN is not set: /metrics is off, there is nothing for Prometheus to scrape.');
  }
  if (!config.DATABASE_URL) {
    warnings.push(
      `DATABASE_URL is not set: the embedded database (${config.DATA_DIR}/db) serves one process only. More than one node needs PostgreSQL.`,
    );
  }
  if (config.LOG_FORMAT === 'pretty') {
    warnings.push('LOG_FORMAT=pretty: log collectors expect JSON lines. Use auto or json.');
  }
  return warnings;
}

export interface ConfigReport {
  settings: { name: string; value: string; isSet: boolean }[];
  warnings: string[];
}

/** Every setting of a valid configuration, as printed, and the production warnings. */
export function reportConfig(config: Config, env: NodeJS.ProcessEnv): ConfigReport {
  const isSet = (name: string) => env[name] !== undefined && env[name] !== '';
  const settings = Object.keys(configSchema.shape).map((name) => ({
    name,
    value: printableValue(name, config[name as keyof Config]),
    isSet: isSet(name),
  }));
  if (!('METRICS_TOKEN' in configSchema.shape)) {
    settings.push({
      name: 'METRICS_TOKEN',
      value: printableValue('METRICS_TOKEN', env.METRICS_TOKEN || undefined),
      isSet: isSet('METRICS_TOKEN'),
    });
  }
  return { settings, warnings: productionWarnings(config, env) };
}

/** The report as the command prints it. */
export function formatConfigReport(report: ConfigReport): string {
  const width = Math.max(...report.settings.map((setting) => setting.name.length));
  const lines = [
    'OpinTori configuration (from the environment, as the server reads it; "default" = not set):',
    '',
    ...report.settings.map(
      (setting) =>
        `  ${setting.name.padEnd(width)}  ${setting.value}${setting.isSet || setting.value === '-' ? '' : '  (default)'}`,
    ),
    '',
  ];
  if (!report.warnings.length) {
    lines.push('The configuration is valid and ready for production.');
  } else {
    lines.push(`The configuration is valid. ${report.warnings.length} warning(s) for production:`);
    for (const warning of report.warnings) lines.push(`  - ${warning}`);
  }
  return lines.join('\n');
}
