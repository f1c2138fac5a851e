import { parseAllowList } from '@baton/outbound';
import { IsOptional, ValidateBy } from 'class-validator';

/** Parses as an allow list (host names, `*.domains`, IP addresses, CIDRs); the error names the entry. */
function IsAllowList(): PropertyDecorator {
  return ValidateBy({
    name: 'isAllowList',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && allowListProblem(value) === undefined,
      defaultMessage: (args) => allowListProblem(String(args?.value)) ?? '$property is not an allow list',
    },
  });
}

function allowListProblem(text: string): string | undefined {
  try {
    parseAllowList(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export class OutboundConfig {
  /**
   * What outbound requests (http and notify agents, provider APIs, notifications) may reach
   * although loopback, private, link-local or metadata: hosts, `*.domains`, IPs or CIDRs.
   */
  @IsOptional()
  @IsAllowList()
  BATON_ALLOW_HOSTS?: string;

  /** Read as an alias of BATON_ALLOW_HOSTS (its entries add up with it). */
  @IsOptional()
  @IsAllowList()
  NOTIFY_ALLOW_HOSTS?: string;
}
