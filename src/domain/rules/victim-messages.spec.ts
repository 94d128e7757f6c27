import {
  forbiddenWordsIn,
  messageTexts,
  nextContactableInstant,
  NOTIFICATION_KINDS,
  quietWindowProblems,
  renderMessage,
} from './victim-messages';

const VALUES = { occurredAt: '2026-11-21T18:40:00Z', contactNumber: '0113 496 0000', reference: 'A1B2C3D4' };

describe('victim messages', () => {
  it('should contain no forbidden word in any text a message can be made of', () => {
    for (const text of messageTexts())
      expect({ text, forbidden: forbiddenWordsIn(text) }).toEqual({ text, forbidden: [] });
  });

  it('should say what happened and when, in the England & Wales date, with whom to call', () => {
    const message = renderMessage('ORDER_SERVED', 'SUMMARY', false, VALUES);
    expect(message.body).toBe(
      'The order made to protect you was handed to the other person on 21 November 2026. ' +
        'Please call 0113 496 0000 when it is safe to do so, quoting A1B2C3D4. In an emergency call 999.',
    );
    // 23:30 UTC in summer is the next day in England.
    expect(
      renderMessage('BAIL_GRANTED', 'SUMMARY', false, { ...VALUES, occurredAt: '2026-07-01T23:30:00Z' }).body,
    ).toContain('on 2 July 2026.');
  });

  it('should say only that there is an update when the person asked for that, or not to leave messages', () => {
    for (const kind of NOTIFICATION_KINDS) {
      for (const body of [
        renderMessage(kind, 'CONTACT_REQUEST_ONLY', false, VALUES).body,
        renderMessage(kind, 'SUMMARY', true, VALUES).body,
      ])
        expect(body).toBe(
          'We have an update for you. Please call 0113 496 0000 when it is safe to do so, quoting A1B2C3D4. ' +
            'In an emergency call 999.',
        );
    }
  });

  it('should never invent a date: without one the update is a contact request', () => {
    expect(renderMessage('ORDER_VARIED', 'SUMMARY', false, { ...VALUES, occurredAt: null }).body).toMatch(
      /^We have an update for you\./,
    );
  });

  it('should carry nothing but its fixed words and the three values', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const { body, subject } = renderMessage(kind, 'SUMMARY', false, VALUES);
      expect(subject).toBe('An update for you');
      expect(body).not.toMatch(/\(\(/);
      expect(forbiddenWordsIn(body)).toEqual([]);
    }
  });
});

describe('quiet hours', () => {
  const overnight = [{ from: '21:00', to: '08:00' }];

  it('should send at once outside the windows', () => {
    const at = new Date('2026-12-02T12:00:00Z');
    expect(nextContactableInstant(at, overnight)).toEqual(at);
    expect(nextContactableInstant(at, [])).toEqual(at);
  });

  it('should wait for the end of an overnight window, before and after midnight (GMT)', () => {
    expect(nextContactableInstant(new Date('2026-12-02T22:30:00Z'), overnight)).toEqual(
      new Date('2026-12-03T08:00:00Z'),
    );
    expect(nextContactableInstant(new Date('2026-12-03T03:00:00Z'), overnight)).toEqual(
      new Date('2026-12-03T08:00:00Z'),
    );
    // 21:00 is inside (from is inclusive), 08:00 outside (to is exclusive).
    expect(nextContactableInstant(new Date('2026-12-02T21:00:00Z'), overnight)).toEqual(
      new Date('2026-12-03T08:00:00Z'),
    );
    const eight = new Date('2026-12-03T08:00:00Z');
    expect(nextContactableInstant(eight, overnight)).toEqual(eight);
  });

  it('should read the windows on the local clock in summer time, and across the clock change', () => {
    // 21:30 BST is 20:30 UTC; the window ends at 08:00 BST = 07:00 UTC.
    expect(nextContactableInstant(new Date('2026-07-01T20:30:00Z'), overnight)).toEqual(
      new Date('2026-07-02T07:00:00Z'),
    );
    // Clocks go back on 25 October 2026: 22:00 BST on the 24th, the window ends 08:00 GMT on the 25th.
    expect(nextContactableInstant(new Date('2026-10-24T21:00:00Z'), overnight)).toEqual(
      new Date('2026-10-25T08:00:00Z'),
    );
  });

  it('should follow one window into the next', () => {
    const windows = [
      { from: '12:00', to: '13:00' },
      { from: '13:00', to: '14:30' },
    ];
    expect(nextContactableInstant(new Date('2026-12-02T12:15:00Z'), windows)).toEqual(
      new Date('2026-12-02T14:30:00Z'),
    );
  });

  it('should refuse malformed windows', () => {
    expect(quietWindowProblems([{ from: '9pm', to: '08:00' }])).toEqual([
      'quietHours[0]: times are HH:MM, 24-hour',
    ]);
    expect(quietWindowProblems([{ from: '08:00', to: '08:00' }])).toEqual([
      'quietHours[0]: from and to are the same',
    ]);
    expect(quietWindowProblems(overnight)).toEqual([]);
  });
});
