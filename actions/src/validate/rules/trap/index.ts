/** trap/*: known ways a pipeline silently stops running. */
import bucketNotification from "./bucket-notification.ts";
import literalAccountId from "./literal-account-id.ts";
import nonEntryPointTrigger from "./non-entry-point-trigger.ts";

export const trapRules = [bucketNotification, nonEntryPointTrigger, literalAccountId] as const;
