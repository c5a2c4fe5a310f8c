import { createRequire as __edpCreateRequire } from 'node:module';
const require = __edpCreateRequire(import.meta.url);
import{findJsonSyntaxError,firstMismatch,formatPatternPath,matchesPattern,parsePattern,patternLocator}from"./chunk-TNG4C4XO.js";import{parseCommandArgs}from"./chunk-SGLECET5.js";import"./chunk-5GKU5GTQ.js";import{ConfigError,EXIT,UsageError}from"./chunk-O3SMVNSE.js";import"./chunk-LCVD5YBF.js";import{readFile}from"node:fs/promises";import path from"node:path";var NAME="test-pattern",USAGE=`Usage: edp test-pattern --pattern FILE --event FILE

Tests one event against one EventBridge event pattern, offline, with EventBridge's
matching rules. The pattern is checked first: every problem is listed with its line.

Options:
  --pattern FILE  the event pattern (JSON); "-" reads standard input
  --event FILE    the event (JSON), e.g. an S3 "Object Created" event; "-" reads standard input
  -h, --help      show this help

Only one of the two can be "-".
Exit codes: 0 match, 1 no match, 2 invalid pattern, unreadable input or bad flags.`;async function readInput(file,flag,io){if(file==="-")return{label:"<stdin>",text:await io.readStdin()};try{return{label:file,text:await readFile(path.resolve(io.cwd,file),"utf8")}}catch(error){let code=error.code??(error instanceof Error?error.message:String(error));throw new UsageError(`edp ${NAME}: cannot read --${flag} file '${file}' (${code}).`)}}function parseEvent(input){let text=input.text.replace(/^\uFEFF/,""),value;try{value=JSON.parse(text)}catch{let where=findJsonSyntaxError(text),at=where?`:${where.line}:${where.column}`:"",why=where?`: ${where.message}`:"";throw new ConfigError(`edp ${NAME}: ${input.label}${at}: the event is not valid JSON${why}.`)}if(typeof value!="object"||value===null||Array.isArray(value))throw new ConfigError(`edp ${NAME}: ${input.label}: an event must be a JSON object.`);return value}async function run(argv,io){let{values}=parseCommandArgs(NAME,argv,{pattern:{type:"string"},event:{type:"string"}}),{pattern:patternFile,event:eventFile}=values;if(patternFile===void 0||eventFile===void 0)throw new UsageError(`edp ${NAME}: --pattern and --event are both required. Run 'edp ${NAME} --help' for usage.`);if(patternFile==="-"&&eventFile==="-")throw new UsageError(`edp ${NAME}: only one of --pattern and --event can read standard input ("-").`);let patternInput=await readInput(patternFile,"pattern",io),eventInput=await readInput(eventFile,"event",io),{pattern,problems}=parsePattern(patternInput.text);if(problems.length>0||pattern===null){let locate=patternLocator(patternInput.text);for(let problem of problems){let where=problem.path.length>0?locate(problem.path):null,prefix=where?`${patternInput.label}:${where.line}:${where.column}`:patternInput.label,field=problem.path.length>0?`${formatPatternPath(problem.path)}: `:"";io.stderr.write(`${prefix}: ${field}${problem.message}
`)}let count=problems.length===1?"1 problem":`${problems.length} problems`;return io.stderr.write(`edp ${NAME}: invalid event pattern (${count}); EventBridge would reject it.
`),EXIT.usage}let event=parseEvent(eventInput);if(matchesPattern(pattern,event))return io.stdout.write(`match
`),EXIT.ok;let mismatch=firstMismatch(pattern,event),why=mismatch?`: ${formatPatternPath(mismatch.path)}: ${mismatch.reason}`:"";return io.stdout.write(`no match${why}
`),EXIT.failed}var testPatternCommand={name:NAME,summary:"Test an event against an EventBridge pattern offline (exit 0 match, 1 no match, 2 invalid)",usage:USAGE,run};export{testPatternCommand};
