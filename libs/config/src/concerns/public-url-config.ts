import { IsUrlWithScheme } from '../config-validators';

export class PublicUrlConfig {
  /** Base of the approval links that `wait.notify` sends. */
  @IsUrlWithScheme(['http', 'https'])
  BATON_PUBLIC_URL = 'http://127.0.0.1:8080';
}
