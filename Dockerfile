# Build stage: every dependency (TypeScript), src/ compiled to dist/, the lexicon and YAML caches warmed,
# then development dependencies removed. better-sqlite3 compiles its native addon here.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY lang ./lang
COPY knowledge ./knowledge
RUN npm run build && npm prune --omit=dev && npm cache clean --force

# Runtime stage: compiled JavaScript run by node itself (no tsx, no npm), tini as PID 1 to forward signals and
# reap zombies, a non-root user, the knowledge writable by it (/revue edits faq.yaml), data in a volume.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
# Two malloc arenas instead of one per thread: the freed memory of building the index goes back (bench:bot).
ENV NODE_ENV=production DATA_DIR=/data KNOWLEDGE_DIR=/app/knowledge MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY lang ./lang
COPY --chown=node:node knowledge ./knowledge
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--"]
# A small young generation: the bot is mostly idle, and this keeps its resident memory near 100 MB (bench:bot).
CMD ["node", "--max-semi-space-size=2", "dist/main.js"]
