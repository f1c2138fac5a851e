import { waitResolutionCommand } from '../waits/wait-resolution-command';

export const approveCommand = waitResolutionCommand('approve');
