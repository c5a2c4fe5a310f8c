import { createRequire as __edpCreateRequire } from 'node:module';
const require = __edpCreateRequire(import.meta.url);
import{CLUSTERS_DIR,TERRAFORM_CONFIGMAP,findDocument,finding,listEnvironments,renderEnvironments}from"./chunk-JB65CE7T.js";import{parseSource}from"./chunk-YWHD4QWK.js";import"./chunk-ZBXKEJJA.js";import"./chunk-O3SMVNSE.js";import"./chunk-NIHARWXW.js";export{CLUSTERS_DIR,TERRAFORM_CONFIGMAP,findDocument,finding,listEnvironments,parseSource,renderEnvironments};
