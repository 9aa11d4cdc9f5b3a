# OpinTori in a container: `docker build -t opintori .`, or `docker compose up` with compose.yaml.
# The build stage runs the steps CI runs (npm ci, npm run build); the runtime stage holds the
# build outputs, the content and the production dependencies of the two workspaces that run
# (server, and web for the page renderer's imports), and starts `node server/dist/main.js` —
# what `npm start` runs once everything is built. docs/operations.md, "Container".

FROM node:20-slim AS build
WORKDIR /app
# The manifests first: the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY web/package.json web/
COPY widget/package.json widget/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SMTP_PORT=2525 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY web/package.json web/
COPY widget/package.json widget/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci --omit=dev --workspace server --workspace web && npm cache clean --force
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/server/bin server/bin
COPY --from=build /app/web/build web/build
COPY --from=build /app/widget/dist widget/dist
COPY content content
# The embedded database (without DATABASE_URL) lives in the volume, owned by the service's user.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000 2525
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server/dist/main.js"]
