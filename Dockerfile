# Build stage: installs production dependencies; better-sqlite3 compiles its native addon here.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# Runtime stage: no compilers, non-root user, knowledge inside the image, data in a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data KNOWLEDGE_DIR=/app/knowledge
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY knowledge ./knowledge
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# npm waits for the bot and forwards SIGTERM to it (the start script execs node), so `docker stop` is a graceful stop.
CMD ["npm", "start"]
