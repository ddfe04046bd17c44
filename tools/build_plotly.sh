#!/usr/bin/env bash
# Rebuilds dashboard/vendor/plotly-geo.min.js (the page's plotly.js) and plotly-basic.min.js (the embeds' of charts
# without a map): plotly.js 4.1.1 with only what the dashboard draws (tools/plotly/build.mjs says what is left out and
# why). Not run by the tests; it documents how the files were made and makes them again, byte for byte: the npm
# package of plotly.js 4.1.1 (checked against the registry's published sha512), its dependencies and esbuild installed
# by `npm ci` from tools/plotly/package-lock.json, and the same esbuild runs.
#
#   tools/build_plotly.sh                 write both files in dashboard/vendor
#   tools/build_plotly.sh VARIANT OUT     one bundle (kgm, kgm-basic, or geo: plotly's own "geo" partial bundle, to
#                                         compare with the official file)
#
# Needs node >= 20 and npm (the npm registry only). Builds in a temporary folder it removes afterwards.
set -euo pipefail

VERSION=4.1.1
INTEGRITY=sha512-fYLAOj091/+M4h1rmtVIkRIpdkz5/P9IdNUeB9wKmCUyvewuUdlCYR5ryqDWP7Cb36Dn4EvSrs6YKvRJ9ukNdQ==
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -eq 0 ]; then
    BUILDS=("kgm $REPO/dashboard/vendor/plotly-geo.min.js" "kgm-basic $REPO/dashboard/vendor/plotly-basic.min.js")
else
    BUILDS=("$1 $(realpath -m "$2")")
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack --silent "plotly.js@$VERSION" >/dev/null
GOT="sha512-$(openssl dgst -sha512 -binary "plotly.js-$VERSION.tgz" | base64 -w0)"
[ "$GOT" = "$INTEGRITY" ] || { echo "plotly.js-$VERSION.tgz is not the published package ($GOT)" >&2; exit 1; }
tar -xzf "plotly.js-$VERSION.tgz"
cd package
cp "$REPO/tools/plotly/package.json" "$REPO/tools/plotly/package-lock.json" "$REPO/tools/plotly/build.mjs" .
# esbuild-config.js reads one path from plotly's tasks/util/constants.js (for its test dashboard), which the npm
# package leaves out
mkdir -p tasks/util
echo "module.exports = { pathToRoot: require('path').join(__dirname, '../../') };" > tasks/util/constants.js
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
for variant_out in "${BUILDS[@]}"; do
    read -r variant out <<< "$variant_out"
    node build.mjs "$variant" "$WORK/out.min.js"
    cp "$WORK/out.min.js" "$out"
    sha256sum "$out"
done
