// The one mapping from thrown values to problem+json.
import { AppError } from '../../shared/http/errors';
import { problemResponse, toProblem } from '../../shared/http/problem';

describe('problem+json mapping', () => {
  it('maps an AppError to its code, status and detail', () => {
    expect(toProblem(new AppError('forbidden', 'No.'))).toEqual({
      type: 'urn:reseller-connect:problem:forbidden',
      title: 'Forbidden',
      status: 403,
      code: 'forbidden',
      detail: 'No.',
    });
  });

  it('keeps input issues of a 400', () => {
    const issues = [{ path: 'kind', message: 'Invalid option' }];
    expect(toProblem(new AppError('bad_request', 'Invalid request body', { issues })).issues).toEqual(issues);
  });

  it('turns an unknown error into a 500 internal that leaks nothing', () => {
    const res = problemResponse(new Error('connect ECONNREFUSED 10.0.0.5:443 key=secret'));
    expect(res.status).toBe(500);
    expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    const body = JSON.parse(res.body as string);
    expect(body).toEqual({
      type: 'urn:reseller-connect:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      code: 'internal',
      detail: 'An unexpected error occurred.',
    });
    expect(res.body).not.toMatch(/ECONNREFUSED|secret/);
    expect(toProblem('a string').code).toBe('internal');
  });

  it('adds the Bearer challenge to a 401 only', () => {
    expect(problemResponse(new AppError('unauthenticated', 'Sign in.')).headers).toMatchObject({
      'www-authenticate': 'Bearer',
    });
    expect(problemResponse(new AppError('forbidden', 'No.')).headers).not.toHaveProperty('www-authenticate');
  });
});
