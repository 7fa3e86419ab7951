# MedMoE Stream image: the service (`run`, the default command) and the Orthanc bridge
# (`bridge orthanc`), configured through MEDMOE_* variables (docs/configuration.md).
#   docker build -t medmoe-stream:0.1.0 .                             CPU (ONNX Runtime CPU build)
#   docker build --build-arg VARIANT=gpu -t medmoe-stream:0.1.0-gpu .  CUDA 12 + cuDNN 9, Maven profile gpu

ARG VARIANT=cpu

# Build: Debian's JDK, Maven and PixelMed, as ./medmoe installs them (tools/packages/runtime.txt).
FROM debian:bookworm-slim AS build
ARG VARIANT
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jdk-headless maven libpixelmed-java libpixelmed-imageio-java libopenjp2-7 libturbojpeg0 libcharls2 dcmtk \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY tools/install-pixelmed.sh tools/install-pixelmed.sh
RUN tools/install-pixelmed.sh
# The service module only (service/): the tools module (demo, benchmarks, embedded broker) is not in the image.
COPY pom.xml pom.xml
COPY service/pom.xml service/pom.xml
COPY config config
COPY schemas schemas
COPY service/src/main service/src/main
RUN if [ "$VARIANT" = gpu ]; then profile=-Pgpu; else profile=; fi \
 && mvn -B -q -f service/pom.xml -Dmaven.test.skip=true $profile package
# ONNX Runtime's native libraries, out of its jar: the service loads them from the image
# (onnxruntime.native.path) instead of writing them (28 MB) to /tmp at every start, where a process
# killed with SIGKILL leaves its copy behind.
RUN case "$(dpkg --print-architecture)" in arm64) arch=linux-aarch64 ;; *) arch=linux-x64 ;; esac \
 && mkdir -p /src/ort && cd /src/ort \
 && jar xf "$(ls /src/service/target/lib/onnxruntime*.jar | head -1)" "ai/onnxruntime/native/$arch" \
 && mv "ai/onnxruntime/native/$arch" /src/ort-native

# Runtime bases: a Java 17 runtime on Debian, or on NVIDIA's CUDA 12 + cuDNN 9 runtime, each with
# OpenJPEG and libjpeg-turbo's TurboJPEG for native JPEG 2000 and JPEG decoding (Ubuntu names the
# latter libturbojpeg, Debian libturbojpeg0), CharLS for JPEG-LS and dcmtk's dcmdjpeg for 12-bit JPEG.
FROM debian:bookworm-slim AS runtime-cpu
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless curl ca-certificates libopenjp2-7 libturbojpeg0 libcharls2 dcmtk \
 && rm -rf /var/lib/apt/lists/*

FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04 AS runtime-gpu
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless curl ca-certificates libopenjp2-7 libturbojpeg libcharls2 dcmtk \
 && rm -rf /var/lib/apt/lists/*

# The image: the jar, its libraries, the bundled tiny model and the pipeline, run by a non-root user.
FROM runtime-${VARIANT} AS runtime
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /var/lib/medmoe medmoe \
 && mkdir -p /var/lib/medmoe/state && chown -R medmoe:medmoe /var/lib/medmoe
COPY --from=build /src/service/target/medmoe-stream.jar /opt/medmoe/medmoe-stream.jar
COPY --from=build /src/service/target/lib /opt/medmoe/lib
COPY --from=build /src/ort-native /opt/medmoe/native
COPY models/tiny /opt/medmoe/models/tiny
COPY topology/pipeline.yaml /opt/medmoe/topology/pipeline.yaml
USER medmoe
WORKDIR /var/lib/medmoe
ENV MEDMOE_KAFKA_STATE_DIR=/var/lib/medmoe/state
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dmedmoe.home=/opt/medmoe", "-Donnxruntime.native.path=/opt/medmoe/native", "-jar", "/opt/medmoe/medmoe-stream.jar"]
CMD ["run"]
