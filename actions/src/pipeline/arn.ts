/** `arn:aws:states:<region>:<account>:stateMachine:<name>` → name, else null. */
export function stateMachineNameFromArn(arn: string): string | null {
  const parts = arn.split(":");
  return parts[2] === "states" && parts[5] === "stateMachine" && parts[6] ? parts[6] : null;
}
