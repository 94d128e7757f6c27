import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalProblems } from '../contract';
import { normalizeCpsMessage } from './cps.normalizer';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const json = (name: string) => JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('normalizeCpsMessage', () => {
  it('should turn a charging decision into the canonical event, codes translated', () => {
    expect(normalizeCpsMessage(fixture('charging-decision.json'))).toEqual({
      ok: true,
      drafts: [
        {
          type: 'uk.shieldline.cps.charging-decision.made.v1',
          subject: '13WY8812126',
          occurredAt: '2026-11-20T15:30:00.000Z',
          sourceRecordId: 'CMS-88121-D1',
          sourceRecordVersion: '1',
          data: {
            caseUrn: '13WY8812126',
            policeArea: 'WYP',
            decision: 'CHARGE',
            decidedOn: '2026-11-20',
            charges: [
              {
                code: 'CJ88116',
                description: 'Assaulted Jane Example by beating',
                modeOfTrial: 'SUMMARY_ONLY',
                committedOn: '2026-11-01',
                commonAssault: true,
              },
            ],
            reason: null,
          },
        },
      ],
    });
  });

  it('should produce events that conform to the published catalogue, keeping a missing time missing', () => {
    for (const name of ['referral-receipt.json', 'charging-decision.json', 'action-plan.json']) {
      const result = normalizeCpsMessage(fixture(name));
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const [draft] = result.drafts;
      expect(canonicalProblems(draft!.type, draft!.data)).toEqual([]);
    }
    const plan = normalizeCpsMessage(fixture('action-plan.json'));
    expect(plan.ok && plan.drafts[0]!.occurredAt).toBeNull();
  });

  it('should refuse unknown decision and mode codes as UNKNOWN_CODE, naming each', () => {
    const message = json('charging-decision.json');
    const decision = message.decision as Record<string, unknown>;
    const charge = (decision.charges as Record<string, unknown>[])[0]!;
    const result = normalizeCpsMessage(
      bytes({ ...message, decision: { ...decision, code: 'XYZ', charges: [{ ...charge, mode: 'Q' }] } }),
    );
    expect(result).toEqual({
      ok: false,
      rejection: {
        reason: 'UNKNOWN_CODE',
        problems: [
          { path: '/decision/code', message: 'unknown decision code "XYZ" (known: C, NFA, AP, CC, TT)' },
          { path: '/decision/charges/0/mode', message: 'unknown mode of trial "Q" (known: S, E, I)' },
        ],
      },
    });
  });

  it('should refuse a message missing the section its type needs, and malformed or impossible input', () => {
    const { receipt: _receipt, ...withoutReceipt } = json('referral-receipt.json');
    expect(normalizeCpsMessage(bytes(withoutReceipt))).toEqual({
      ok: false,
      rejection: {
        reason: 'SCHEMA_INVALID',
        problems: [{ path: '/receipt', message: 'is required for REFERRAL_RECEIPT' }],
      },
    });
    expect(normalizeCpsMessage(Buffer.from('{')).ok).toBe(false);
    const impossible = normalizeCpsMessage(
      bytes({ ...json('referral-receipt.json'), receipt: { receivedOn: '2026-02-30' } }),
    );
    expect(!impossible.ok && impossible.rejection.reason).toBe('IMPOSSIBLE_DATE');
  });
});
