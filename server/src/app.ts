import { retentionRoutes } from './features/retention/retention.routes.js';
import { privacyRoutes } from './features/privacy/privacy.routes.js';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { articleEditorRoutes } from './features/articles/article-editor.routes.js';
import { articleRoutes } from './features/articles/article.routes.js';
import { handbookRoutes } from './features/handbook/handbook.routes.js';
import { trainingRoutes } from './features/training/training.routes.js';
import { shadowingRoutes } from './features/training/shadowing.routes.js';
import { auditRoutes } from './features/audit/audit.routes.js';
import { authRoutes } from './features/auth/auth.routes.js';
import type { AuthSettings } from './access/sessions.js';
import { healthRoutes } from './features/health/health.routes.js';
import { organisationRoutes } from './features/organisations/organisation.routes.js';
import { selfHelpRoutes } from './features/self-help/self-help.routes.js';
import { conversationSuggestionRoutes } from './features/inbox/conversation-suggestions.routes.js';
import { searchRoutes } from './features/search/search.routes.js';
import { insightRoutes } from './features/insight/insight.routes.js';
import { eventRoutes } from './features/events/event.routes.js';
import { staffRoutes } from './features/staff/staff.routes.js';
import { ssoRoutes } from './features/auth/sso.routes.js';
import { programmeRoutes } from './features/catalogue/programme.routes.js';
import { reportRoutes } from './features/reports/report.routes.js';
import { consoleHomeRoutes } from './features/console-home/console-home.routes.js';
import { registerErrorHandler, sendFrameworkError } from './http/error-handler.js';
import { loggerOptions, type LogStream } from './http/logging.js';
import { registerOriginCheck } from './http/origin-check.js';
import { registerRateLimits } from './http/rate-limit.js';
import { registerRequestActor } from './http/request-actor.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerJsonParser, registerNulGuard } from './http/text-guard.js';
import { registerWebHandler } from './http/web-handler.js';
import { registerWidgetAsset } from './http/widget-asset.js';
import { AllowedOrigins } from './features/chat/allowed-origins.js';
import { chatRoutes } from './features/chat/chat.routes.js';
import { aboutYouRoutes } from './features/chat/about-you.routes.js';
import { languagesRoutes } from './features/chat/languages.routes.js';
import { inboxRoutes } from './features/inbox/inbox.routes.js';
import { chatConsoleRoutes } from './features/chat/chat-console.routes.js';
import { videoCallRoutes } from './features/meetings/video-call.routes.js';
import { bookingRoutes } from './features/booking/booking.routes.js';
import { registrationRoutes } from './features/events/registration.routes.js';
import { contactLogRoutes } from './features/contact-log/contact-log.routes.js';
import { contactRoutes } from './features/contact-forms/contact-forms.routes.js';
import { createMailSender, type MailSender } from './conversations/mail-sender.js';
import { mailRoutes } from './features/mail/mail.routes.js';
import { invitationRoutes } from './features/outreach/invitations.routes.js';
import { feedbackRoutes } from './features/outreach/feedback.routes.js';
import type { MailSettings } from './conversations/mail-outbox.js';
import { createInboundSmtp, type InboundSmtp } from './features/mail/smtp-inbound.js';
import { registerChatCors } from './http/chat-cors.js';
import { registerCreatedStatus } from './http/created-status.js';
import { registerDraining, type Drain } from './http/draining.js';
import { createChatHub, type ChatHub } from './realtime/chat-hub.js';
import { createMeetingHub, type MeetingHub } from './realtime/meeting-hub.js';
import { createGroupMeetingHub } from './realtime/group-meeting-hub.js';
import { createMetrics, registerHttpMetrics, type AppMetrics } from './metrics/metrics.js';
import { metricsRoutes } from './metrics/metrics.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    chatHub: ChatHub;
    meetingHub: MeetingHub;
    drain: Drain;
    mail: { sender: MailSender; settings: MailSettings; inbound: InboundSmtp };
    metrics: AppMetrics;
  }
}

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Mount the SvelteKit pages from web/build when it exists (off in API tests). */
  serveWeb?: boolean;
  /** Where log lines go instead of stdout (the tests read them). */
  logStream?: LogStream;
}

export function mailSettingsFrom(config: Config): MailSettings {
  return {
    from: config.MAIL_FROM ?? `OpinTori <neuvonta@${config.MAIL_DOMAIN}>`,
    domain: config.MAIL_DOMAIN,
    publicUrl: (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, ''),
  };
}

export function authSettingsFrom(config: Config): AuthSettings {
  return {
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: config.SESSION_ABSOLUTE_HOURS,
    maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
    failureWindowMinutes: config.LOGIN_FAILURE_WINDOW_MINUTES,
  };
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the whole HTTP application without listening; tests drive it with app.inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const db = database.db;
  const security = { isHttps: config.PUBLIC_URL?.startsWith('https://') ?? false };
  const app = Fastify({
    logger: await loggerOptions(config, options.logStream),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    routerOptions: { maxParamLength: 200 },
    // A malformed URL is refused by the router before any hook runs; answer it like other errors.
    frameworkErrors: (error, request, reply) => sendFrameworkError(error, request, reply, security),
  }).withTypeProvider<ZodTypeProvider>();

  // First of the hooks: every request counts for the drain before a restart.
  app.decorate('drain', registerDraining(app));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies reach the API; a text/plain body could be sent cross-site without preflight.
  app.removeContentTypeParser('text/plain');
  registerJsonParser(app);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const metrics = createMetrics({
    enabled: !!config.METRICS_TOKEN,
    nodeId: config.NODE_ID ?? os.hostname(),
    database,
  });
  app.decorate('metrics', metrics);
  app.addHook('onClose', async () => metrics.close());
  registerHttpMetrics(app, metrics);
  registerSecurityHeaders(app, security);
  await app.register(fastifyCookie);
  registerRequestActor(app, db, authSettingsFrom(config), config.INTERNAL_API_SECRET);
  // PUBLIC_URL is validated to be an origin (config.ts); without it the service runs locally and
  // takes its origin from each request.
  const serviceOrigin = config.PUBLIC_URL;
  const allowedOrigins = new AllowedOrigins(db, serviceOrigin);
  // The widget's calls from member sites: answered with CORS when the site is allow-listed.
  registerChatCors(app, allowedOrigins, serviceOrigin);
  registerOriginCheck(app, serviceOrigin);
  registerNulGuard(app);
  registerErrorHandler(app, db);
  registerCreatedStatus(app);
  await registerRateLimits(app, database);
  await app.register(fastifyCompress, { global: true, threshold: 1024 });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpinTori API',
        version: '1',
        description: 'Education guidance across providers: knowledge base, catalogue, contact channels.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'opintori_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes, { db, engine: database.engine, isDraining: app.drain.isDraining });
  await app.register(metricsRoutes, { metrics, token: config.METRICS_TOKEN });
  await app.register(authRoutes, {
    db,
    settings: authSettingsFrom(config),
    publicUrl: config.PUBLIC_URL,
  });
  await app.register(ssoRoutes, { db, settings: authSettingsFrom(config), publicUrl: config.PUBLIC_URL });
  await app.register(organisationRoutes, { db, onChange: () => allowedOrigins.invalidate() });
  await app.register(auditRoutes, { db });
  await app.register(articleRoutes, { db });
  await app.register(handbookRoutes, { db });
  await app.register(trainingRoutes, { db });
  await app.register(articleEditorRoutes, { db });
  await app.register(searchRoutes, { db });
  await app.register(selfHelpRoutes, { db, serviceOrigin });
  await app.register(insightRoutes, { db });
  await app.register(programmeRoutes, { db, uploadMaxBytes: config.CATALOGUE_UPLOAD_MAX_BYTES });
  const hub: ChatHub = createChatHub(app, {
    db,
    allowedOrigins,
    serviceOrigin,
    authSettings: authSettingsFrom(config),
    metrics,
    adapterDatabaseUrl:
      database.engine === 'postgres' && config.REALTIME_ADAPTER !== 'none' ? config.DATABASE_URL : undefined,
  });
  app.decorate('chatHub', hub);
  metrics.watchSockets(hub.io);
  // Video meetings share the chat's Socket.IO server (one engine, one upgrade handler).
  const ice = {
    servers: config.ICE_SERVERS,
    turnSecret: config.TURN_SECRET,
    turnUrls: config.TURN_URLS,
    turnTtlSeconds: config.TURN_TTL_SECONDS,
  };
  const meetingHub = createMeetingHub(app, hub.io, {
    db,
    clustered: database.engine === 'postgres' && config.REALTIME_ADAPTER !== 'none',
    notifier: hub,
    serviceOrigin,
    authSettings: authSettingsFrom(config),
    ice,
  });
  app.decorate('meetingHub', meetingHub);
  // Group sessions in the service's own room share the engine too.
  createGroupMeetingHub(app, hub.io, {
    db,
    serviceOrigin,
    authSettings: authSettingsFrom(config),
    ice,
  });
  app.addHook('preClose', async () => hub.close());
  const mailSettings = mailSettingsFrom(config);
  const sender = createMailSender(
    db,
    { smtpUrl: config.SMTP_URL, onFailure: (outcome) => metrics.countMailFailure(outcome) },
    app.log,
  );
  const contact = { db, notifier: hub, sender, settings: mailSettings };
  await app.register(staffRoutes, { db, mail: { sender, settings: mailSettings } });
  // Listening is started by main.ts (and by the tests that send mail to it).
  const inbound = createInboundSmtp(contact, { maxBytes: config.MAIL_MAX_BYTES }, app.log);
  app.decorate('mail', { sender, settings: mailSettings, inbound });
  app.addHook('preClose', async () => {
    await inbound.close();
    await sender.idle();
  });
  await app.register(chatRoutes, {
    ...contact,
    startLimitPerHour: config.CHAT_START_LIMIT_PER_HOUR,
    serviceOrigin,
  });
  await app.register(aboutYouRoutes, { db });
  await app.register(languagesRoutes, { db });
  await app.register(contactRoutes, { ...contact, limitPerHour: config.CONTACT_LIMIT_PER_HOUR });
  await app.register(chatConsoleRoutes, contact);
  await app.register(inboxRoutes, contact);
  await app.register(conversationSuggestionRoutes, { db });
  await app.register(videoCallRoutes, contact);
  await app.register(mailRoutes, contact);
  await app.register(bookingRoutes, {
    ...contact,
    limits: {
      perHour: config.BOOKING_LIMIT_PER_HOUR,
      perPersonPerDay: config.BOOKING_LIMIT_PER_PERSON_PER_DAY,
    },
  });
  await app.register(contactLogRoutes, contact);
  await app.register(eventRoutes, contact);
  await app.register(registrationRoutes, contact);
  await app.register(privacyRoutes, { db, notifier: hub });
  await app.register(shadowingRoutes, { db, notifier: hub });
  await app.register(retentionRoutes, {
    db,
    limits: { minDays: config.RETENTION_MIN_DAYS, maxDays: config.RETENTION_MAX_DAYS },
  });
  await app.register(invitationRoutes, { db });
  await app.register(feedbackRoutes, { db });
  await app.register(reportRoutes, { db });
  await app.register(consoleHomeRoutes, { db });
  registerWidgetAsset(app, config.WIDGET_BUILD_DIR);

  const notFound = {
    error: { code: 'route.not_found', message: 'No such API route' },
  };
  app.all('/api/*', { schema: { hide: true } }, async (_request, reply) => reply.status(404).send(notFound));
  app.setNotFoundHandler(async (_request, reply) => reply.status(404).send(notFound));

  if (options.serveWeb !== false) {
    const mounted = await registerWebHandler(
      app,
      config.WEB_BUILD_DIR,
      config.CATALOGUE_UPLOAD_MAX_BYTES + 1024 * 1024,
      serviceOrigin,
    );
    if (!mounted) app.log.warn('web/build is missing: pages are not served (run npm run build)');
  }
  return app;
}
