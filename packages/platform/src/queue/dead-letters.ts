import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { isEnvelope } from './queue.envelope';
import type { DeadLetter } from './queue.types';

const SUFFIX = '.dead';

/** The dead-letter queues (`<queue>.dead`) of one service's pg-boss: listing and redrive. */
export class DeadLetters {
  constructor(
    private readonly boss: PgBoss,
    private readonly service: string,
  ) {}

  async list(limit: number): Promise<DeadLetter[]> {
    const out: DeadLetter[] = [];
    for (const q of await this.#queues()) {
      const jobs = await this.boss.findJobs<unknown>(q, { queued: true, limit });
      out.push(...jobs.map((j) => this.#view(j)));
    }
    return out.sort((a, b) => b.deadAt.localeCompare(a.deadAt)).slice(0, limit);
  }

  async retry(id: string): Promise<boolean> {
    for (const q of await this.#queues()) {
      const [job] = await this.boss.findJobs(q, { id, queued: true });
      if (job) return (await this.boss.redrive(q, { ids: [id] })) > 0;
    }
    return false;
  }

  async #queues(): Promise<string[]> {
    return (await this.boss.getQueues()).map((q) => q.name).filter((n) => n.endsWith(SUFFIX));
  }

  #view(j: JobWithMetadata<unknown>): DeadLetter {
    const output = j.sourceOutput as { message?: unknown } | null;
    return {
      id: j.id,
      service: this.service,
      queue: j.sourceName ?? j.name.slice(0, -SUFFIX.length),
      originalId: j.sourceId,
      data: isEnvelope(j.data) ? j.data.payload : j.data,
      error: output && typeof output.message === 'string' ? output.message : output ? JSON.stringify(output) : null,
      attempts: (j.sourceRetryCount ?? 0) + 1,
      createdAt: (j.sourceCreatedOn ?? j.createdOn).toISOString(),
      deadAt: j.createdOn.toISOString(),
    };
  }
}
