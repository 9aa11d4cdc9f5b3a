import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the chat widget bundle at /widget.js. Member sites load it cross-origin with a
 * script tag, so it is explicitly shareable (CORP cross-origin) and cached briefly.
 */
export function registerWidgetAsset(app: FastifyInstance, widgetDir: string): void {
  const file = path.join(widgetDir, 'widget.js');
  app.get('/widget.js', { schema: { hide: true } }, async (_request, reply) => {
    if (!fs.existsSync(file)) {
      return reply
        .status(404)
        .type('application/json')
        .send({
          error: { code: 'widget.not_built', message: 'Run npm run build to build the widget' },
        });
    }
    reply.raw.setHeader('cross-origin-resource-policy', 'cross-origin');
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(fs.createReadStream(file));
  });
}
