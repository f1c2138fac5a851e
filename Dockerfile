# One image for every Baton service; the command picks the service (deploy/README.md):
#   node dist/apps/ingress/src/main.js        (the default)
#   node dist/apps/orchestrator/src/main.js
#   node dist/apps/worker/src/main.js
#   node dist/apps/scheduler/src/main.js
#   node dist/apps/notifier/src/main.js
#   node dist/apps/projector/src/main.js
#   node dist/apps/cli/src/main.js <verb>     (the `baton` CLI, e.g. `validate`, `streams`)
# Configuration is the environment of interfaces.md (NATS_URL, DATABASE_URL, …).

# --- production dependencies only (node_modules of the runtime image) ---
FROM node:24-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# @swc/core stays: the worker transpiles the scripts of `code` agents at run time.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- build: every dependency, then the swc build into dist/ ---
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime ---
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root: the service user can read the code but never change it.
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
# The official image's unprivileged `node` user, by number so Kubernetes' runAsNonRoot can check it.
USER 1000:1000
# ingress HTTP (INGRESS_PORT); the others' /healthz, /readyz, /metrics (HEALTH_PORT):
# scheduler 8081, orchestrator 8082, worker 8083, notifier 8084, projector 8085.
EXPOSE 8080 8081 8082 8083 8084 8085
# Each service stops cleanly on SIGTERM (finishes in-flight messages, drains NATS).
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/ingress/src/main.js"]
