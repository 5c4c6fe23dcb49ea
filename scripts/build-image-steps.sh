#!/bin/sh
# The build steps of the container image. The Dockerfile runs exactly these, in this order; they live here so
# that they also run outside Docker, where test/reliability/production-image.test.ts runs them on a clean copy
# of the repository and starts what they produce. Run from the folder holding the sources (the image's /src).
#
#   sh scripts/build-image-steps.sh deps            every dependency (the TypeScript compiler is a devDependency)
#   sh scripts/build-image-steps.sh build           TypeScript -> dist/ (npm run build)
#   sh scripts/build-image-steps.sh runtime <dir>   what the image runs, in <dir>: package.json, the lock file,
#                                                   dist/, cards/, content/ and production dependencies only
set -eu

npm_quiet() {
  NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false npm "$@"
}

case "${1:-}" in
  deps)
    npm_quiet ci
    ;;
  build)
    npm_quiet run build
    test -f dist/src/index.js || { echo "build: dist/src/index.js was not written" >&2; exit 1; }
    ;;
  runtime)
    out="${2:?usage: build-image-steps.sh runtime <dir>}"
    for needed in package.json package-lock.json dist/src/index.js cards content; do
      test -e "$needed" || { echo "runtime: $needed is missing (run deps and build first)" >&2; exit 1; }
    done
    rm -rf "$out"
    mkdir -p "$out"
    cp package.json package-lock.json "$out/"
    # The bot finds its root as the folder holding package.json and cards/ (src/cards/project-root.ts), and
    # reads cards/ and content/faq/ from there at run time.
    cp -R dist cards content "$out/"
    # --ignore-scripts: the only install scripts among the production dependencies are botbuilder-dialogs'
    # (it tidies the prompt recognizers, which the bot never loads, with `npx rimraf`, a devDependency) and
    # dtrace-provider's optional native build (restify runs without it).
    (cd "$out" && npm_quiet ci --omit=dev --ignore-scripts --prefer-offline)
    # Nothing only development needs may be installed (no ts-node, no TypeScript, no jest): the image runs
    # plain JavaScript. A package the lock file marks "dev" is one no production dependency requires.
    (cd "$out" && node -e '
      const fs = require("fs");
      const lock = require("./package-lock.json");
      const dev = Object.entries(lock.packages).filter(([p, v]) => p && v.dev && fs.existsSync(p)).map(([p]) => p);
      if (dev.length) { console.error("runtime: development-only packages installed: " + dev.join(", ")); process.exit(1); }
    ')
    ;;
  *)
    echo "usage: sh scripts/build-image-steps.sh deps | build | runtime <dir>" >&2
    exit 2
    ;;
esac
