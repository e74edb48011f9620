import type { ConversationKind, CreateConversationBody } from '../contracts/messaging.dto';

export interface NewConversation {
  kind: ConversationKind;
  title: string | null;
  /** The creator first, then the others in the order given, each once. */
  memberIds: string[];
  /** The 1:1's pair key (both ids sorted), null for a group. */
  directKey: string | null;
}

export interface FieldError {
  field: string;
  message: string;
}

/** Who is in a new conversation and what kind it is; no I/O. */
export class ConversationRules {
  plan(creatorId: string, body: CreateConversationBody): NewConversation | FieldError {
    const others = [...new Set(body.memberIds.map((id) => id.toLowerCase()))].filter((id) => id !== creatorId);
    if (others.length === 0) return { field: 'body.memberIds', message: 'name at least one member besides yourself' };
    const memberIds = [creatorId, ...others];
    if (others.length > 1) return { kind: 'group', title: body.title ?? null, memberIds, directKey: null };
    if (body.title !== undefined) return { field: 'body.title', message: 'a 1:1 conversation has no title' };
    return { kind: 'direct', title: null, memberIds, directKey: [...memberIds].sort().join(':') };
  }
}
