#!/usr/bin/env node
// The edp CLI. Runs the committed bundle (npm run build); `npm run check-dist` proves it is current.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
await import("../dist/edp.js");
