import { waitResolutionCommand } from '../waits/wait-resolution-command';

export const rejectCommand = waitResolutionCommand('reject');
