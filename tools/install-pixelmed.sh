#!/bin/sh
# Registers Debian's PixelMed jars (packages libpixelmed-java, libpixelmed-imageio-java) in the
# local Maven repository under fixed coordinates, so that the build can depend on them.
# Idempotent: a jar already registered with the same content is left alone.
set -eu

VERSION=20220618
PLUGIN=org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file
REPO="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}"

find_jar() {
    # $1: Debian package, $2: jar name prefix. Prints the versioned jar that the package ships.
    dpkg -L "$1" | grep -E "/$2-[0-9]+\.jar$" | head -n 1
}

install_jar() {
    # $1: jar, $2: artifactId
    target="$REPO/com/pixelmed/$2/$VERSION/$2-$VERSION.jar"
    if [ -f "$target" ] && cmp -s "$1" "$target"; then
        return 0
    fi
    mvn -B -q "$PLUGIN" -Dfile="$1" -DgroupId=com.pixelmed -DartifactId="$2" \
        -Dversion="$VERSION" -Dpackaging=jar -DgeneratePom=true
}

core=$(find_jar libpixelmed-java pixelmed)
imageio=$(find_jar libpixelmed-imageio-java pixelmed_imageio)
if [ -z "$core" ] || [ -z "$imageio" ]; then
    echo "install-pixelmed: install the Debian packages libpixelmed-java and libpixelmed-imageio-java first" >&2
    exit 1
fi
install_jar "$core" pixelmed
install_jar "$imageio" pixelmed-imageio
