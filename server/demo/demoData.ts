/**
 * The demo project's content: the published coding of Waring et al. (2023), BMJ Leader 7:279–284,
 * Table 2 (CC BY 4.0), and the codebook Concord ships for it (definitions written for Concord).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const ExcerptSchema = z.object({
  site: z.string(),
  source: z.string(),
  text: z.string().min(1),
  code: z.string(),
  theme: z.string(),
});
export type Excerpt = z.infer<typeof ExcerptSchema>;

export const ATTRIBUTION =
  'Waring J, Bishop S, Black G, Clarke J, Roe B. What can clinical leaders contribute to the governance of ' +
  'integrated care systems? BMJ Leader 2023;7:279–284, supplementary Table 2. CC BY 4.0.';

/** Reads the excerpts shipped beside this file. */
export function readExcerpts(): Excerpt[] {
  const raw: unknown = JSON.parse(readFileSync(new URL('./table2.json', import.meta.url), 'utf8'));
  return z.array(ExcerptSchema).parse(raw);
}

export interface DemoTheme {
  name: string;
  color: string;
  description: string;
  codes: { name: string; color: string; description: string }[];
}

/** The four themes and thirteen codes, in the paper's order. */
export const DEMO_CODEBOOK: DemoTheme[] = [
  {
    name: 'Analytical contribution',
    color: '#1f5f99',
    description: 'How clinical leaders bring analysis and evidence to the governance of the system.',
    codes: [
      {
        name: 'Reviewing and presenting evidence',
        color: '#2b7bc4',
        description:
          'Gathering, questioning and presenting data (figures, charts) so that system decisions rest on it.',
      },
      {
        name: 'Underlying tensions',
        color: '#5a9bd8',
        description:
          'Naming long-standing conflicts or competing pressures between services, organisations or regulators that limit what the system can do.',
      },
      {
        name: 'Determining feasible and relevant strategies',
        color: '#8dbbe6',
        description:
          'Judging which changes are realistic and grounded in knowledge of patients and local populations, and shaping strategy to match.',
      },
    ],
  },
  {
    name: 'Representational',
    color: '#8a3b12',
    description: 'Clinical leaders speaking for clinicians and patients in governance forums.',
    codes: [
      {
        name: 'Ensuring clinical voice',
        color: '#c2571a',
        description:
          "Making sure clinicians' views are heard and carry weight in system-level planning and decisions.",
      },
      {
        name: 'Critical challenge',
        color: '#e07b39',
        description:
          'Questioning or pushing back on proposals, assumptions or decisions from a clinical standpoint.',
      },
      {
        name: 'Engagement',
        color: '#f0a46e',
        description: 'Drawing frontline staff and other clinicians into system work and its conversations.',
      },
    ],
  },
  {
    name: 'Translation and communication',
    color: '#2d6a2e',
    description: "Carrying ideas between the system's strategy and everyday clinical practice.",
    codes: [
      {
        name: 'Translation of strategy',
        color: '#3f8f40',
        description:
          'Turning system strategy into terms and actions that make sense to clinical teams, and practice realities back into strategy.',
      },
      {
        name: 'Favourable framing',
        color: '#6cb56d',
        description:
          'Presenting a change in terms that resonate with its audience, such as benefits to patients, to win support.',
      },
      {
        name: 'Keeping the story going',
        color: '#9fd3a0',
        description:
          'Sustaining one consistent account of the change over time so that momentum and understanding last.',
      },
    ],
  },
  {
    name: 'Relational',
    color: '#5b2c83',
    description: 'Building and using relationships to make integrated working possible.',
    codes: [
      {
        name: 'Brokering and building connections',
        color: '#7b44ad',
        description:
          'Bringing together people, teams and organisations that would not otherwise meet or work together.',
      },
      {
        name: 'Self-sustaining networks',
        color: '#9b6bc7',
        description: "Creating networks or forums that keep working without the leader's constant input.",
      },
      {
        name: 'Empowering and delegating',
        color: '#b995dc',
        description: 'Giving others the authority, confidence and room to lead parts of the work.',
      },
      {
        name: 'Mediating conflict',
        color: '#d5bfeb',
        description: 'Stepping into disagreements between groups to build understanding or settle disputes.',
      },
    ],
  },
];
