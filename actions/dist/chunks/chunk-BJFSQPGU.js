import { createRequire as __edpCreateRequire } from 'node:module';
const require = __edpCreateRequire(import.meta.url);
var SYNC_DEFAULTS={maxDelete:10,waitTimeoutSeconds:600,concurrency:8,observeTimeoutSeconds:60,pollSeconds:5};var systemClock={now:()=>Date.now(),sleep:ms=>new Promise(resolve=>setTimeout(resolve,ms))},silentProgress={phase:()=>{},advance:()=>{},message:()=>{},done:()=>{}};export{SYNC_DEFAULTS,systemClock,silentProgress};
