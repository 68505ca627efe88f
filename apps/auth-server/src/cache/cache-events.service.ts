import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { assertSchemaName, RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** What a process caches and others may change: a client, a server's settings, a server's signing keys. */
export type CacheTopic = 'client' | 'server' | 'keys';

/** `undefined`: forget everything of the topic (the listener reconnected and may have missed changes). */
export type CacheEventHandler = (key: string | undefined) => void;

const RECONNECT_MS = [100, 500, 1_000, 5_000] as const;

/**
 * Cache invalidation across every process of the authorization server (workers of one host, or replicas
 * behind a load balancer): a change is applied to this process's caches at once and announced with
 * PostgreSQL NOTIFY on a channel of the app's schema; every process LISTENs and drops the entry. The caches
 * also expire on their own after a few seconds, which bounds staleness if a notification is ever lost.
 */
@Injectable()
export class CacheEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CacheEvents.name);
  private readonly handlers = new Map<CacheTopic, CacheEventHandler[]>();
  private readonly channel: string;
  /** Tags this process's notifications: it applied them already when it published. */
  private readonly sender = randomBytes(9).toString('base64url');
  private listener: Client | undefined;
  private closed = false;
  private failures = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {
    assertSchemaName(config.database.schema);
    // One channel per schema (tests run many schemas in one database); identifiers stop at 63 bytes.
    this.channel = `ofs_cache_${config.database.schema}`.slice(0, 63);
  }

  on(topic: CacheTopic, handler: CacheEventHandler): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  /** After the change is committed: this process forgets now, the others when the notification arrives. */
  async publish(topic: CacheTopic, key: string): Promise<void> {
    this.deliver(topic, key);
    await this.db.query('SELECT pg_notify($1, $2)', [this.channel, `${this.sender} ${topic} ${key}`]);
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.database.url, application_name: 'cache-events' });
    client.on('notification', (message) => {
      if (message.channel !== this.channel || !message.payload) return;
      const [sender, topic] = message.payload.split(' ', 2);
      if (sender === this.sender || topic === undefined) return;
      this.deliver(topic as CacheTopic, message.payload.slice(sender!.length + topic.length + 2));
    });
    client.on('error', (e) => this.logger.warn(`cache notifications: ${e.message}`));
    client.on('end', () => {
      if (this.listener !== client || this.closed) return;
      this.listener = undefined;
      this.reconnectLater();
    });
    await client.connect();
    await client.query(`LISTEN "${this.channel}"`);
    this.listener = client;
    this.failures = 0;
  }

  private reconnectLater(): void {
    const delay = RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)];
    setTimeout(() => {
      if (this.closed) return;
      this.listen().then(
        // Whatever changed while nobody listened: forget it all.
        () => {
          for (const topic of this.handlers.keys()) this.deliver(topic, undefined);
        },
        (e: Error) => {
          this.logger.warn(`cache notifications: reconnect failed: ${e.message}`);
          this.reconnectLater();
        },
      );
    }, delay).unref();
  }

  private deliver(topic: CacheTopic, key: string | undefined): void {
    for (const handler of this.handlers.get(topic) ?? []) handler(key);
  }
}
