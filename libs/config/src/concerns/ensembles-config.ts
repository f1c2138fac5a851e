import { IsNonEmptyString } from '../config-validators';

export class EnsemblesConfig {
  /** Definitions loaded on start (`baton start` falls back to examples/ensembles when absent). */
  @IsNonEmptyString()
  ENSEMBLES_DIR = './ensembles';
}
