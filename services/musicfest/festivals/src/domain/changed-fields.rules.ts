/** The event fields an edit can change, as named in EventoPublicado.changedFields. */
export interface EditableEvent {
  name: string;
  description: string;
  organizer: string;
  place: string;
  startsAt: Date;
  durationMinutes: number;
  size: string;
  purchaseDeadline: Date;
}

const FIELDS: readonly (keyof EditableEvent)[] = [
  'name',
  'description',
  'organizer',
  'place',
  'startsAt',
  'durationMinutes',
  'size',
  'purchaseDeadline',
];

/** Names the fields whose values differ (instants compared by time, not by spelling). */
export class ChangedFieldsRules {
  diff(before: EditableEvent, after: EditableEvent): string[] {
    return FIELDS.filter((f) => {
      const a = before[f];
      const b = after[f];
      return a instanceof Date && b instanceof Date ? a.getTime() !== b.getTime() : a !== b;
    });
  }
}
