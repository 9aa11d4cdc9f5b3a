import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the chat widget: /widget.js, the loader member sites put on every page, and
 * /widget-chat.js, the chat the loader fetches when it is wanted (docs/chat.md, Embedding).
 * Member sites load both cross-origin with script tags, so they are explicitly shareable
 * (CORP cross-origin) and cached briefly.
 */
export function registerWidgetAsset(app: FastifyInstance, widgetDir: string): void {
  for (const name of ['widget.js', 'widget-chat.js']) {
    const file = path.join(widgetDir, name);
    app.get(`/${name}`, { schema: { hide: true } }, async (_request, reply) => {
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
}
