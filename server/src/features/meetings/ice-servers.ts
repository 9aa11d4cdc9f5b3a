import { createHmac } from 'node:crypto';

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface IceSettings {
  servers: IceServer[];
  turnSecret?: string | undefined;
  turnUrls: string[];
  turnTtlSeconds: number;
}

/**
 * The ICE servers for one meeting member: the configured ones plus, with a TURN secret, TURN
 * credentials in coturn's REST API scheme (username `<expiry>:<id>`, credential the base64
 * HMAC-SHA1 of the username under the shared secret), so no long-lived TURN password reaches
 * a browser.
 */
export function iceServersFor(settings: IceSettings, id: string, now = Date.now()): IceServer[] {
  const servers = settings.servers.map((server) => ({ ...server }));
  if (settings.turnSecret && settings.turnUrls.length) {
    const expiry = Math.floor(now / 1000) + settings.turnTtlSeconds;
    const username = `${expiry}:${id}`;
    const credential = createHmac('sha1', settings.turnSecret).update(username).digest('base64');
    servers.push({ urls: [...settings.turnUrls], username, credential });
  }
  return servers;
}
