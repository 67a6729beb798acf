# seedance-bot in a container: the jar is built from this checkout in the first stage and runs on a JRE in the second.
#   docker build -t seedance-bot .
#   docker compose up -d --build        (compose.yaml: the bot with PostgreSQL 16)
# README "Running in a container" covers volumes, secrets, the health check and what was verified.
# Needs BuildKit (the default builder since Docker 23) for the Maven cache mount.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds on this machine, so a source change does not download every dependency
# again. Only the launcher and the modules it needs are built: the benchmarks are not shipped.
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -pl app -am package -DskipTests

# The Ubuntu-based JRE rather than distroless: the health check below needs a shell (bash for /dev/tcp), and a
# distroless java image has none. curl and wget are in this image too, but upstream keeps them only "for historical
# reasons", so the health check does not rely on them.
FROM eclipse-temurin:17-jre-noble

# A fixed numeric id, so that "run as non-root" policies can verify it and a bind-mounted data folder can be chowned
# to it on the host. The data folder is the bot's alone (users' uploads and videos are in it): a named volume
# starts as a copy of this directory, mode 0700 included.
# The bundled ffmpeg and ffprobe (org.bytedeco:ffmpeg, in the jar) link against ALSA and XCB, which a JRE image may
# lack; everything else they need ships with them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libasound2t64 libxcb1 libxcb-shm0 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 seedance-bot \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /var/lib/seedance-bot \
        --shell /usr/sbin/nologin seedance-bot \
    && install -d -m 0700 -o 10001 -g 10001 /var/lib/seedance-bot

COPY --from=build /src/app/target/seedance-bot.jar /opt/seedance-bot/seedance-bot.jar

# The ops endpoint must listen on all interfaces inside the container, or neither the published port nor a
# Prometheus on the container network reaches it; compose publishes it on the host's 127.0.0.1 only.
# MaxRAMPercentage sizes the heap from the container's memory limit (the JVM's default is 25 %), leaving the rest for
# metaspace, threads and buffers. JAVA_OPTS replaces it as a whole.
ENV SEEDANCE_BOT_STORAGE_DATA_DIR=/var/lib/seedance-bot \
    SEEDANCE_BOT_OPS_HTTP_BIND=0.0.0.0 \
    SEEDANCE_BOT_OPS_HTTP_PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=60"

USER 10001:10001
# The default config file, config/seedance-bot.yml, is looked up here: mount one at
# /opt/seedance-bot/config/seedance-bot.yml, or configure everything through the environment.
WORKDIR /opt/seedance-bot
VOLUME ["/var/lib/seedance-bot"]
EXPOSE 8080

# /healthz answers 200 when the database and every chat adapter are up, 503 otherwise. bash's /dev/tcp speaks enough
# HTTP/1.0 for that: the status is the second word of the first line.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["bash", "-c", "exec 3<>\"/dev/tcp/127.0.0.1/${SEEDANCE_BOT_OPS_HTTP_PORT:-8080}\" && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r _ status _ <&3 && [ \"$status\" = 200 ]"]

# sh only to set the umask (exec-form ENTRYPOINT cannot), then exec: java is PID 1 and gets SIGTERM itself, which
# stops the bot gracefully (exit 143). umask 077 keeps whatever the JVM or a library creates owner-only, like the
# systemd unit's UMask=0077. ExitOnOutOfMemoryError stays on whatever JAVA_OPTS says: after an OutOfMemoryError the
# JVM's state is unknown, and the restart policy's fresh start resumes every unfinished task.
ENTRYPOINT ["/bin/sh", "-c", "umask 077 && exec java -XX:+ExitOnOutOfMemoryError $JAVA_OPTS -jar /opt/seedance-bot/seedance-bot.jar \"$@\"", "seedance-bot"]
CMD ["run"]
