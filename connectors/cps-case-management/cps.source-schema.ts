import { type Static, Type } from '@sinclair/typebox';

/**
 * The CPS case management system's message, as it sends it (modelled for this project: the source
 * documents describe what CPS records — referral receipt, charging decision, action plans, time limits —
 * not a wire format). Decision and mode-of-trial codes are the CMS's own; unknown codes are refused.
 */
const closed = { additionalProperties: false } as const;
const text = Type.String({ minLength: 1 });
const date = Type.String({ format: 'date' });

const Charge = Type.Object(
  {
    offenceCode: text,
    wording: text,
    /** S summary only, E either way, I indictable only. */
    mode: text,
    dateOfOffence: Type.Union([date, Type.Null()]),
    commonAssault: Type.Boolean(),
  },
  closed,
);

export const CpsMessage = Type.Object(
  {
    messageType: Type.Union([
      Type.Literal('REFERRAL_RECEIPT'),
      Type.Literal('CHARGING_DECISION'),
      Type.Literal('ACTION_PLAN'),
      Type.Literal('ACTION_PLAN_COMPLETED'),
      Type.Literal('TIME_LIMIT'),
    ]),
    messageId: text,
    version: Type.Integer({ minimum: 1 }),
    sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    case: Type.Object({ urn: text, cmsCaseId: Type.Union([text, Type.Null()]), policeForce: text }, closed),
    receipt: Type.Optional(Type.Object({ receivedOn: date }, closed)),
    decision: Type.Optional(
      Type.Object(
        {
          code: text,
          decidedOn: date,
          charges: Type.Array(Charge),
          reason: Type.Union([Type.String(), Type.Null()]),
        },
        closed,
      ),
    ),
    actionPlan: Type.Optional(
      Type.Object(
        {
          reference: text,
          actions: Type.Array(text),
          dueOn: Type.Union([date, Type.Null()]),
          completedOn: Type.Union([date, Type.Null()]),
        },
        closed,
      ),
    ),
    timeLimit: Type.Optional(Type.Object({ expiresOn: date, charges: Type.Array(Charge) }, closed)),
  },
  closed,
);

export type CpsMessage = Static<typeof CpsMessage>;
export type CpsCharge = Static<typeof Charge>;
