// One Idempotency-Key per user action: the same submission (same target and body) retried after a failure reuses its
// key, so the server acts at most once; a changed submission, or the next action after a success, gets a fresh key.
import { newUuid } from './uuid'

export interface IdempotencyKeeper {
  /** The key for this submission: the previous one when `payload` is unchanged since the last call, else a new one. */
  keyFor(payload: unknown): string
  /** Forget the key (after a success, or when the dialog opens for a new action). */
  reset(): void
}

export function createIdempotencyKeeper(generate: () => string = newUuid): IdempotencyKeeper {
  let key: string | null = null
  let fingerprint: string | null = null
  return {
    keyFor(payload: unknown) {
      const fp = JSON.stringify(payload ?? null)
      if (key === null || fp !== fingerprint) {
        key = generate()
        fingerprint = fp
      }
      return key
    },
    reset() {
      key = null
      fingerprint = null
    },
  }
}

/** Request options for an idempotent POST with an explicit key (the http layer keeps it across the refresh retry). */
export function withKey(key: string) {
  return { idempotent: true, headers: { 'Idempotency-Key': key } }
}
