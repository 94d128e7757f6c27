import { toYaml } from './yaml';

describe('toYaml', () => {
  it('should write nested maps and lists with quoted scalars', () => {
    expect(toYaml({ a: { b: ['x', 1, true, null], $ref: 'y' }, e: [], f: [{ g: 'h', i: 'j' }] })).toBe(
      [
        'a:',
        '  b:',
        '    - "x"',
        '    - 1',
        '    - true',
        '    - null',
        '  "$ref": "y"',
        'e: []',
        'f:',
        '  - g: "h"',
        '    i: "j"',
        '',
      ].join('\n'),
    );
  });
});
