import { type TSchema, Type } from '@sinclair/typebox';

/**
 * Building blocks of the canonical event schemas. Written once with TypeBox so the JSON Schema published
 * under schema/events/ and the TypeScript type the projector folds are the same definition.
 */
export const Nullable = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {});

export const NonEmpty = (description?: string) =>
  Type.String({ minLength: 1, ...(description ? { description } : {}) });

export const CivilDate = (description?: string) =>
  Type.String({ format: 'date', ...(description ? { description } : {}) });

export const Instant = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });

export const PersonalName = Type.Object(
  { given: NonEmpty(), family: NonEmpty() },
  { additionalProperties: false },
);

export const PostalAddress = Type.Object(
  {
    line1: NonEmpty(),
    line2: Nullable(Type.String()),
    town: Nullable(Type.String()),
    postcode: NonEmpty(),
  },
  { additionalProperties: false },
);

export const Party = Type.Object(
  {
    name: PersonalName,
    dateOfBirth: Nullable(
      CivilDate(),
      'null when the source did not give it; such records never match a person confidently',
    ),
    pncId: Nullable(Type.String(), 'Police National Computer id, e.g. 2019/0123456X'),
    croNumber: Type.Optional(Nullable(Type.String(), 'Criminal Records Office number')),
    address: Nullable(PostalAddress),
    addressConfidential: Type.Boolean({
      description: 'true for refuge / safe-house addresses: shown only to enforcement or safeguarding',
    }),
  },
  { additionalProperties: false },
);

export const Court = Type.Object({ code: NonEmpty(), name: NonEmpty() }, { additionalProperties: false });

export const PoliceArea = NonEmpty('Police force code, e.g. WYP (West Yorkshire Police)');

/** Case key shared by police, CPS and the criminal courts: the police Unique Reference Number. */
export const CaseUrn = NonEmpty('Police URN of the case (shared with CPS and the criminal courts)');

export const ModeOfTrial = Type.Union(
  [Type.Literal('SUMMARY_ONLY'), Type.Literal('EITHER_WAY'), Type.Literal('INDICTABLE_ONLY')],
  { description: 'Decides whether the summary time limit applies' },
);

export const Offence = Type.Object(
  {
    code: NonEmpty('CJS offence code'),
    description: NonEmpty(),
    modeOfTrial: ModeOfTrial,
    committedOn: Nullable(CivilDate(), 'first day of the offence; null when not known'),
    commonAssault: Type.Boolean({
      description: 'common assault / battery: the domestic-abuse time limit of CJA 1988 s.39A applies',
    }),
  },
  { additionalProperties: false },
);

export const Condition = Type.Object(
  {
    paragraph: Type.String({ description: 'Source paragraph number, so the officer can quote it' }),
    code: Nullable(Type.String()),
    text: Type.String({ description: 'Full text as made; never truncated' }),
  },
  { additionalProperties: false },
);

export const ExclusionZone = Type.Object(
  {
    description: NonEmpty('e.g. "Harehills Lane, Leeds and 100 metres around it"'),
    postcode: Nullable(Type.String()),
    radiusMetres: Nullable(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const ResultCode = Type.Object(
  { code: NonEmpty('CJS result code'), text: NonEmpty() },
  { additionalProperties: false },
);
