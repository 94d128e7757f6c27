import { AxiosError, AxiosHeaders } from 'axios';
import { ShieldlineError } from '../common/errors';
import { notifyFailure } from './notify-client';

function answered(status: number, errors: { error: string; message: string }[]): AxiosError {
  const headers = new AxiosHeaders();
  return new AxiosError('failed', 'ERR_BAD_RESPONSE', { headers }, null, {
    status,
    statusText: '',
    headers,
    config: { headers },
    data: { status_code: status, errors },
  });
}

describe('GOV.UK Notify failures', () => {
  it('should retry what Notify or the network may let through, and not what Notify refused', () => {
    expect(notifyFailure(answered(500, [{ error: 'Exception', message: 'Internal' }]))).toMatchObject({
      code: 'NOTIFY_UNAVAILABLE',
      retriable: true,
    });
    expect(
      notifyFailure(answered(429, [{ error: 'RateLimitError', message: 'Exceeded rate limit' }])),
    ).toMatchObject({
      code: 'NOTIFY_UNAVAILABLE',
      retriable: true,
    });
    const refused = notifyFailure(
      answered(400, [{ error: 'ValidationError', message: 'phone_number Not a UK mobile number' }]),
    );
    expect(refused).toMatchObject({ code: 'NOTIFY_REJECTED', retriable: false });
    expect(refused.message).toBe(
      'GOV.UK Notify answered 400: ValidationError: phone_number Not a UK mobile number',
    );
    expect(notifyFailure(answered(403, [{ error: 'AuthError', message: 'Invalid token' }])).retriable).toBe(
      false,
    );
    expect(notifyFailure(new Error('socket hang up'))).toMatchObject({
      code: 'NOTIFY_UNAVAILABLE',
      retriable: true,
    });
    const coded = new ShieldlineError('NOTIFY_REJECTED', 'x');
    expect(notifyFailure(coded)).toBe(coded);
  });
});
