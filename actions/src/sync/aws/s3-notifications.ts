/** A bucket's notification configuration: read whole, and written whole (S3 has no partial update). */
import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type NotificationConfiguration,
  type S3Client,
} from "@aws-sdk/client-s3";
import { remoteError } from "./errors.ts";

export async function readNotifications(s3: S3Client, bucket: string): Promise<NotificationConfiguration> {
  try {
    const r = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    return {
      TopicConfigurations: r.TopicConfigurations,
      QueueConfigurations: r.QueueConfigurations,
      LambdaFunctionConfigurations: r.LambdaFunctionConfigurations,
      EventBridgeConfiguration: r.EventBridgeConfiguration,
    };
  } catch (error) {
    throw remoteError(`read the notification configuration of ${bucket}`, error);
  }
}

export async function writeNotifications(
  s3: S3Client,
  bucket: string,
  configuration: NotificationConfiguration,
): Promise<void> {
  try {
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: configuration,
      }),
    );
  } catch (error) {
    throw remoteError(`turn on S3 → EventBridge delivery for ${bucket}`, error);
  }
}
