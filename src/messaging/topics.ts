/** Topic names (schema/asyncapi.yaml describes each). A prefix lets tests and tenants share one broker. */
export interface Topics {
  court: string;
  police: string;
  cps: string;
  deadLetter: string;
  changes: string;
}

export function topicNames(prefix: string): Topics {
  return {
    court: `${prefix}shieldline.court.v1`,
    police: `${prefix}shieldline.police.v1`,
    cps: `${prefix}shieldline.cps.v1`,
    deadLetter: `${prefix}shieldline.dlq.v1`,
    changes: `${prefix}shieldline.changes.v1`,
  };
}

export function allTopics(topics: Topics): string[] {
  return [topics.court, topics.police, topics.cps, topics.deadLetter, topics.changes];
}

/** The topics the projector reads (everything but the change feed it writes). */
export function projectedTopics(topics: Topics): string[] {
  return [topics.court, topics.police, topics.cps, topics.deadLetter];
}

/** The projector's consumer group: one per deployment (topic prefix), shared by its replicas. */
export function projectorGroupId(prefix: string): string {
  return `${prefix}shieldline-projector`;
}

/** A force's own topic (a LOG_TOPIC delivery endpoint): its area's order changes and alerts. */
export function forceTopicName(prefix: string, policeArea: string): string {
  return `${prefix}shieldline.force.${policeArea.trim().toUpperCase()}.v1`;
}
