import assert from 'node:assert/strict';
import { analyze, analyzeWithOffsets } from '../../../src/core/notes/analyzer';
import { porterStem } from '../../../src/core/notes/porterStemmer';

describe('porterStem', () => {
  it('matches the examples of Porter (1980)', () => {
    const cases: Record<string, string> = {
      caresses: 'caress', ponies: 'poni', ties: 'ti', cats: 'cat', feed: 'feed', agreed: 'agre', plastered: 'plaster',
      motoring: 'motor', sing: 'sing', conflated: 'conflat', troubled: 'troubl', sized: 'size', hopping: 'hop',
      falling: 'fall', hissing: 'hiss', happy: 'happi', relational: 'relat', conditional: 'condit', rational: 'ration',
      digitizer: 'digit', vietnamization: 'vietnam', predication: 'predic', operator: 'oper', feudalism: 'feudal',
      decisiveness: 'decis', hopefulness: 'hope', callousness: 'callous', formaliti: 'formal', sensitiviti: 'sensit',
      triplicate: 'triplic', formative: 'form', electrical: 'electr', hopeful: 'hope', goodness: 'good',
      revival: 'reviv', allowance: 'allow', inference: 'infer', airliner: 'airlin', adjustable: 'adjust',
      defensible: 'defens', irritant: 'irrit', replacement: 'replac', adjustment: 'adjust', dependent: 'depend',
      adoption: 'adopt', communism: 'commun', activate: 'activ', effective: 'effect', bowdlerize: 'bowdler',
      probate: 'probat', rate: 'rate', cease: 'ceas', controll: 'control', roll: 'roll', generalization: 'gener',
      yelling: 'yell', by: 'by',
    };
    for (const [word, stem] of Object.entries(cases)) assert.equal(porterStem(word), stem, word);
  });
});

describe('analyze', () => {
  it('lowercases, drops stop words and possessives, joins dotted words and stems English', () => {
    assert.deepEqual(analyze("The Cat's toys, don't U.S. 3.5 indexing"), ['cat', 'toi', 'dont', 'u.s', '3.5', 'index']);
    assert.deepEqual(analyze('The indexing', { stem: 'none', stopWords: false }), ['the', 'indexing']);
  });

  it('reports where each term came from', () => {
    const text = 'Fast cats, slow DOGS';
    const terms = analyzeWithOffsets(text);
    assert.deepEqual(terms.map((t) => [t.term, text.slice(t.start, t.end)]), [['fast', 'Fast'], ['cat', 'cats'], ['slow', 'slow'], ['dog', 'DOGS']]);
  });

  it('keeps accented words and cuts unspaced scripts into overlapping pairs', () => {
    assert.deepEqual(analyze('Café Zürich'), ['café', 'zürich']);
    assert.deepEqual(analyze('東京タワー'), ['東京', '京タ', 'タワ', 'ワー']);
    assert.deepEqual(analyze('字'), ['字']);
  });
});
