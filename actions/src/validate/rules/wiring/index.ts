/** wiring/*: does each environment's Bucket → Rule → StateMachine → VirtualCluster → Namespace chain close? */
import duplicateAwsName from "./duplicate-aws-name.ts";
import fieldExport from "./field-export.ts";
import ruleBucketMissing from "./rule-bucket-missing.ts";
import ruleDisabled from "./rule-disabled.ts";
import ruleTargetMissing from "./rule-target-missing.ts";
import virtualClusterNamespace from "./virtual-cluster-namespace.ts";
import ruleTargetService from "./rule-target-service.ts";
import ruleEventBus from "./rule-event-bus.ts";

export const wiringRules = [
  ruleTargetMissing,
  ruleBucketMissing,
  ruleDisabled,
  virtualClusterNamespace,
  fieldExport,
  duplicateAwsName,
  ruleTargetService,
  ruleEventBus,
] as const;
