import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ResultStore } from '../app/org-audit-item';
import { type CallTimeouts, clientTimeouts, worstCaseMs } from './http-timeouts';

/**
 * The IAM actions this adapter needs; the deployment test checks serverless.yml grants exactly these.
 * s3:ListBucket is not called: without it S3 answers a missing file with AccessDenied, not NoSuchKey.
 */
export const S3_RESULTS_IAM_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:ListBucket'] as const;

export const S3_TIMEOUTS: CallTimeouts = { connectionMs: 1000, requestMs: 10_000, maxAttempts: 3 };
/** A result file's write when every attempt times out: what an org audit item keeps for it. */
export const PUT_WORST_CASE_MS = worstCaseMs(S3_TIMEOUTS);

/** The org audit's run files in one bucket, as JSON (encrypted by the bucket's default). */
export function createS3ResultStore(
  bucket: string,
  client: S3Client = new S3Client(clientTimeouts(S3_TIMEOUTS)),
): ResultStore {
  return {
    async putJson(key, value) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(value),
          ContentType: 'application/json',
        }),
      );
    },
    async getJson(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const text = (await answer.Body?.transformToString('utf-8')) ?? '';
        return JSON.parse(text) as unknown;
      } catch (error) {
        // S3 says NoSuchKey (not 403) only to a caller allowed s3:ListBucket: hence that grant.
        if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
  };
}
