import { CoreApi } from '../../infra/local/host/coreApi';

/**
 * The registry the Node worker provides as `@azure/functions-core`, as the local host provides it,
 * for unit tests that read back what the app registers:
 *   jest.mock(
 *     '@azure/functions-core',
 *     () => jest.requireActual<typeof import('../support/coreApiMock')>('../support/coreApiMock').localCoreApi(),
 *     { virtual: true },
 *   );
 */
export const localCoreApi = (): CoreApi => new CoreApi(() => undefined);
