// The service SDK: what a service imports (besides other services' `contracts`). Everything
// needed to run services (the app, brokers, servers, the gateway) is `@coordina/platform/runtime`,
// which services' code may not import (.dependency-cruiser.cjs; decision 0041).

export { sql } from 'kysely';
// Auth: tokens, roles, sign-in policies, the current user.
export { AccessTokens } from './auth/access-token';
export { defineRoles, isRole, PlatformRoles, type Role, RoleName } from './auth/roles';
export type { SessionVersions } from './auth/session-versions';
export {
  type AccessPolicyName,
  type AccessRequirement,
  type AuthProof,
  MINTED_SIGN_IN,
  SECOND_FACTORS,
  unmetAccess,
} from './auth/system-access';
export type { Cache, CacheObserver } from './cache/cache';
// Contracts: events, routes, shared schemas.
export type { CloudEvent } from './contracts/cloud-event';
export {
  IdParams,
  IsoDate,
  IsoDateTime,
  isSafeText,
  Pagination,
  SafeText,
  UNSAFE_TEXT_MESSAGE,
  Uuid,
  unsafeTextPaths,
} from './contracts/common-schemas';
export { defineEvent, type EventContract, type EventData } from './contracts/event-contract';
export { AlertaDisparada } from './contracts/ops-events';
export {
  defineRoutes,
  type HttpMethod,
  type RouteAuth,
  type RouteContract,
  type ServiceRoutes,
} from './contracts/route-contract';
// Database helpers.
export {
  type AnyDB,
  afterCommit,
  Database,
  type Db,
  isDatabaseUnavailable,
  isPgError,
  type Tx,
  withDatabase,
} from './db/database';
export { type BatchRunner, GroupCommit, type GroupCommitOptions } from './db/group-commit';
export type { Migration } from './db/migrator';
export { type ListingQuery, type Page, type PageRequest, pageOf } from './db/page.query';
// Errors.
export { AppError, type FieldIssue, UnrecoverableError } from './errors/app-error';
export {
  defineErrorCodes,
  type ErrorCode,
  ErrorCodes,
  type ErrorDefinition,
  type ErrorTable,
} from './errors/error-codes';
export { PROBLEM_CONTENT_TYPE, type Problem, validationError, zodIssues } from './errors/problem';
export { internalCallerHeaders } from './gateway/internal-caller';
// HTTP: controllers' helpers and calls to other services.
export { CachedAnswer, type CachedAnswerFn } from './http/cached-answer';
export { type AuthUser, CurrentUser, RawBody, userOf } from './http/current-user.decorator';
export {
  type BytesAnswer,
  bytesAnswer,
  Endpoint,
  Input,
  type InputOf,
  JsonBody,
  mediaBody,
  NoBody,
  type RouteAnswer,
  type RouteInput,
  type TextAnswer,
  textAnswer,
} from './http/endpoint';
export { type ImageSizes, imageFormatOf, type ProcessedImage, processImage } from './http/image-pipeline';
export { FILE_FIELD, fileOf, type UploadedFile, type UploadLimits, uploadedFile } from './http/multipart-file';
export type { CallArgs, CallInput, CallOptions, CallOutput, PathParams, RouteAt, RouteKey } from './http/route-call';
export { ServiceCallError, type ServiceHttp } from './http/service-client';
export { ZodPipe, zod } from './http/zod.pipe';
// Observability.
export { createLogger, type Logger } from './observability/logger';
export type { Metrics } from './observability/metrics';
export { currentContext, type RequestContext } from './observability/request-context';
// Background jobs.
export { type Backoff, backoffRetry } from './queue/backoff.retry';
export { PRIORITY_LEVELS, type PriorityLevel, type PriorityPolicy } from './queue/priority.policy';
export type { PriorityQueue } from './queue/priority.queue';
export type {
  DeadLetter,
  QueueHandler,
  QueueJob,
  QueueRetryOptions,
  QueueSendOptions,
  QueueWorkOptions,
} from './queue/queue.types';
export type {
  SocketCallAnswer,
  SocketEndpoint,
  SocketHandler,
  SocketSession,
} from './realtime/socket-endpoint';
export type { RealtimePublisher } from './realtime/user-channels';
// The service's manifest, context and settings.
export { type CrashPointName, crashPoint } from './runtime/crash-points';
export type { PlatformConfig } from './runtime/platform-config';
export { PollingWorker, type PollingWorkerOptions } from './runtime/polling.worker';
export { SERVICE_CONTEXT, type ServiceBus, type ServiceContext, type ServiceSagas } from './runtime/service-context';
export { type ServiceManifest, serviceModule } from './runtime/service-manifest';
export { envFlag, envInt, envNumber, Settings, SettingsError, type SettingsSource } from './runtime/service-settings';
export {
  defineSaga,
  type SagaDefinition,
  type SagaRetryPolicy,
  type SagaState,
  type SagaStep,
  SagaStepFailed,
  type SagaUndo,
  type StepContext,
  type StepReplies,
} from './saga/saga.definition';
export type { SagaInstance, SagaStatus } from './saga/saga.orchestrator';
// Sagas.
export { describeSagaFailure, SAGA_FAILURE_KINDS, type SagaFailure, type SagaFailureKind } from './saga/saga-failure';
// Consumers.
export { type ConsumerSpec, type EventHandler, on, type RetryPolicy } from './transport/consumer';
