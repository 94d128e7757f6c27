import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { type CourseOfConduct } from '../../domain/course-of-conduct';
import { type GatewayContext } from '../context';
import { type Gate } from '../auth-checker';
import { CourseOfConductGql } from '../types';

const toCourseOfConductGql = (c: CourseOfConduct): CourseOfConductGql => c;

@Resolver(() => CourseOfConductGql)
export class ConductResolver {
  @Query(() => CourseOfConductGql, {
    description:
      'The history between a perpetrator and a victim in one answer: incidents, breaches, orders, bail, ' +
      'notices and risk over time, with counts and escalation. Only what the caller may read is counted.',
  })
  @Authorized<Gate>('INCIDENTS')
  courseOfConduct(
    @Arg('perpetratorId', () => ID) perpetratorId: string,
    @Arg('victimId', () => ID) victimId: string,
    @Ctx() ctx: GatewayContext,
  ): Promise<CourseOfConductGql> {
    return ctx.conduct.courseOfConduct(ctx.caller(), perpetratorId, victimId).then(toCourseOfConductGql);
  }
}
