import { createRequire as __edpCreateRequire } from 'node:module';
const require = __edpCreateRequire(import.meta.url);
import{CLUSTERS_DIR,TERRAFORM_CONFIGMAP,findDocument,finding,listEnvironments,renderEnvironments}from"./chunk-WCDL4RE7.js";import{parseSource}from"./chunk-YFX5DK44.js";import"./chunk-5GKU5GTQ.js";import"./chunk-O3SMVNSE.js";import"./chunk-LCVD5YBF.js";export{CLUSTERS_DIR,TERRAFORM_CONFIGMAP,findDocument,finding,listEnvironments,parseSource,renderEnvironments};
