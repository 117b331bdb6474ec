import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ResultStore } from '../app/org-audit-item';
import { type CallTimeouts, clientTimeouts, worstCaseMs } from './http-timeouts';
import { pages } from './pages';

/** The IAM actions this adapter calls; the deployment test checks serverless.yml grants exactly these. */
export const S3_RESULTS_IAM_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:ListBucket'] as const;

export const S3_TIMEOUTS: CallTimeouts = { connectionMs: 1000, requestMs: 10_000, maxAttempts: 3 };
/** A result file's write when every attempt times out: what an org audit item keeps for it. */
export const PUT_WORST_CASE_MS = worstCaseMs(S3_TIMEOUTS);
/** 1000 keys a page: 100 pages is 100,000 account-regions, beyond any organization's. */
const MAX_PAGES = 100;

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
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const text = (await answer.Body?.transformToString('utf-8')) ?? '';
      return JSON.parse(text) as unknown;
    },
    async listKeys(prefix) {
      const keys: string[] = [];
      for await (const page of pages(
        'ListObjectsV2',
        (ContinuationToken) =>
          client
            .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }))
            .then((answer) => ({ ...answer, NextToken: answer.NextContinuationToken })),
        MAX_PAGES,
      )) {
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      }
      return keys;
    },
  };
}
