import { createRequire as __edpCreateRequire } from 'node:module';
const require = __edpCreateRequire(import.meta.url);
import{CLUSTERS_DIR,TERRAFORM_CONFIGMAP,listEnvironments,renderEnvironments}from"./chunk-DWOTWKO5.js";import"./chunk-3U642LH7.js";import"./chunk-5GKU5GTQ.js";import"./chunk-O3SMVNSE.js";import"./chunk-LCVD5YBF.js";export{CLUSTERS_DIR,TERRAFORM_CONFIGMAP,listEnvironments,renderEnvironments};
