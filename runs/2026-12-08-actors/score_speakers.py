import csv,sys,io,subprocess
out=sys.stdin.read()
gold={}
for r in csv.DictReader(open(sys.argv[1] if len(sys.argv) > 1 else 'tests/fixtures/seed_speakers.csv')):
    gold[(r['source'],r['text'])]=r['actor'].lower().replace('\u2019',"'")
def match(got,want):
    return got==want or (want and ' ' not in want and got.endswith(' '+want))
pred=cor=0
ng=sum(1 for v in gold.values() if v)
for r in csv.reader(io.StringIO(out)):
    if r[0]=='doc': continue
    src=r[1].rsplit('/',1)[-1]; want=gold[(src,r[8])]; got=r[7].lower().replace('\u2019',"'")
    ok = match(got,want)
    if got: pred+=1; cor+=ok
    if (got or want) and not ok: print('MISS',src[:3],repr(got),'want',repr(want),'|',r[8][:90])
print(f'precision {cor/pred:.3f} ({cor}/{pred}) recall {cor/ng:.3f} ({cor}/{ng})')
