import { createRequire as __edpCreateRequire } from 'node:module';
const require = __edpCreateRequire(import.meta.url);
import{UsageError}from"./chunk-O3SMVNSE.js";import{parseArgs}from"node:util";function parseCommandArgs(command,argv,options,{positionals=!1}={}){try{return parseArgs({args:argv,options,strict:!0,allowPositionals:positionals})}catch(error){let text=error instanceof Error?error.message.replace(/\. To specify a positional.*$/s,""):String(error);throw new UsageError(`edp ${command}: ${text}. Run 'edp ${command} --help' for usage.`)}}export{parseCommandArgs};
