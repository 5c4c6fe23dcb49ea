# syntax=docker/dockerfile:1
# The MFA enrolment bot as a container image (docs/deploy.md). Two stages: `build` compiles the TypeScript and
# assembles /app with production dependencies only; the final stage is that /app on a slim Node 20 LTS base,
# run as the unprivileged `node` user. No setting or secret is baked in: every setting comes from the
# environment at run time (App Service / Container Apps settings, Key Vault references).
# The RUN steps are scripts/build-image-steps.sh, which test/reliability/production-image.test.ts runs outside
# Docker on a clean copy and then starts.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/build-image-steps.sh scripts/
RUN sh scripts/build-image-steps.sh deps
COPY tsconfig.json tsconfig.build.json ./
COPY src src
COPY dialogs dialogs
COPY cards cards
COPY content content
RUN sh scripts/build-image-steps.sh build
RUN sh scripts/build-image-steps.sh runtime /app

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/var/lib/mfa-bot
WORKDIR /app
# Owned by root and read-only to the bot; only DATA_DIR is writable (the embedded store, if no MONGODB_URL).
COPY --from=build /app /app
RUN mkdir -p /var/lib/mfa-bot && chown node:node /var/lib/mfa-bot
USER node
EXPOSE 3978
# node, not curl: the slim image has no curl. 127.0.0.1 works while HOST is 0.0.0.0 (the default here).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (exec form, no npm or shell in between), so SIGTERM reaches src/index.ts, which stops
# accepting, lets turns in flight finish (SHUTDOWN_GRACE_MS) and closes the store, exit code 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/index.js"]
