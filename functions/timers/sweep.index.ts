// Registers the sweep; its module loads on the first run (see ../register.ts).
import { sweepSchedule } from '../../shared/sweepSchedule';
import { timer } from '../register';

timer('sweep', sweepSchedule(), async () => (await import('./sweep.js')).sweepTimer, { durableClient: true });
