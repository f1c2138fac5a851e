import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';

/**
 * Run ids are UUIDs; anything with a character NATS gives meaning to in a subject (`.`, `*`, `>`,
 * spaces) is no run at all, so it is answered 404 before it can become part of a subject.
 */
const RUN_ID = /^[A-Za-z0-9_-]{1,100}$/;

@Injectable()
export class RunIdPipe implements PipeTransform<string, string> {
  transform(id: string): string {
    if (!RUN_ID.test(id)) throw ApiError.notFound(`no run ${JSON.stringify(id)}`);
    return id;
  }
}
