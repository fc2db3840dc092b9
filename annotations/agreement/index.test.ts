import { describe, it, expect } from 'vitest';
import * as core from '../index';

describe('agreement in the core index', () => {
  it('re-exports the agreement API', () => {
    for (const name of [
      'matchSpans', 'spanAgreement', 'spanAgreementCorpus', 'pairwiseSpanAgreement', 'sumSpanAgreements', 'scoreSpans',
      'tokenLabels', 'tokenAgreement', 'tokenAgreementFromRatings', 'agreementTokens', 'OUTSIDE',
      'cohenKappa', 'krippendorffAlpha', 'fleissKappa', 'observedAgreement',
      'eventAgreement', 'eventAgreementCorpus', 'sumEventAgreements',
      'confusionMatrix', 'spanConfusion', 'labelDistribution', 'typeDistribution', 'prf',
    ]) {
      expect(core, name).toHaveProperty(name);
    }
  });
});
