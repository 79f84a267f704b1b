/**
 * The catalogue's hero picture (mountains at dawn with a winding trail), drawn inline behind the hero's text. It used
 * to be a CSS background (/brand/hero.svg): a request of its own that the browser found only once the stylesheet
 * applied, and then the page's largest paint, late on a phone (bench/lighthouse.ts). Inline it paints with the first
 * bytes and the hero's text is the largest paint. Decorative: the text beside it says what the page is.
 */
export function HeroArt() {
  return (
    <svg
      className="hero__art"
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 1600 600"
      preserveAspectRatio="xMidYMid slice"
      aria-hidden="true"
      focusable="false"
    >
      <defs>
        <linearGradient id="hero-sky" x1="0" x2="0" y1="0" y2="1">
          <stop offset="0" stopColor="#CFDAE0" />
          <stop offset=".55" stopColor="#E7E1D6" />
          <stop offset="1" stopColor="#F2DCC4" />
        </linearGradient>
        <linearGradient id="hero-haze" x1="0" x2="1" y1="0" y2="0">
          <stop offset="0" stopColor="#F4EFE6" stopOpacity=".72" />
          <stop offset=".45" stopColor="#F4EFE6" stopOpacity=".5" />
          <stop offset=".62" stopColor="#F4EFE6" stopOpacity="0" />
        </linearGradient>
        <radialGradient id="hero-glow">
          <stop offset="0" stopColor="#F6D29A" stopOpacity=".75" />
          <stop offset="1" stopColor="#F6D29A" stopOpacity="0" />
        </radialGradient>
      </defs>
      <rect width="1600" height="600" fill="url(#hero-sky)" />
      <circle cx="1190" cy="300" r="230" fill="url(#hero-glow)" />
      <circle cx="1190" cy="300" r="64" fill="#F3C98B" />
      {/* birds */}
      <path d="M1262 150q9-8 18 0q9-8 18 0M1310 178q7-6 14 0q7-6 14 0" fill="none" stroke="#7D8A90" strokeWidth="2.2" strokeLinecap="round" />
      {/* far range */}
      <path d="M0 400L120 384 260 396 400 372 560 390 700 352 820 334 900 286 980 312 1060 222 1140 292 1200 254 1300 182 1380 252 1460 232 1600 300V600H0Z" fill="#C5CCD8" />
      <path d="M1060 222L1084 256 1070 250 1058 264 1046 250 1034 256ZM1300 182L1330 224 1312 216 1298 232 1284 216 1268 226Z" fill="#EEF0F3" />
      {/* mid range */}
      <path d="M0 452C200 432 380 456 560 442C700 432 800 420 900 380L1000 332 1080 372 1180 302 1262 362 1340 330 1440 380 1600 350V600H0Z" fill="#AFBFB6" />
      <path d="M1180 302L1262 362 1240 364 1200 340Z" fill="#9BAFA4" />
      {/* near hills */}
      <path d="M0 502C300 490 600 502 800 482C950 466 1050 424 1150 412S1350 440 1450 420C1520 408 1570 418 1600 428V600H0Z" fill="#8FA78F" />
      <path d="M1164 500L1180 474L1196 500ZM1167 486L1180 462L1193 486ZM1171 472L1180 452L1189 472ZM1184 506L1204 473L1224 506ZM1188 488L1204 458L1220 488ZM1193 471L1204 446L1215 471ZM1213 500L1228 476L1243 500ZM1216 487L1228 465L1240 487ZM1220 474L1228 456L1236 474ZM988 518L1000 498L1012 518ZM990 507L1000 489L1010 507ZM993 497L1000 482L1007 497ZM1005 522L1020 498L1035 522ZM1008 509L1020 487L1032 509ZM1012 496L1020 478L1028 496Z" fill="#5E7D62" />
      {/* foreground */}
      <path d="M720 600C880 560 1000 524 1120 514S1400 472 1600 482V600Z" fill="#62806A" />
      {/* trail */}
      <path d="M1010 600C1080 572 1170 560 1140 532S1160 490 1220 470C1240 462 1256 452 1272 442L1276 446C1262 458 1252 470 1230 480C1180 500 1160 514 1170 532C1190 566 1110 584 1080 600Z" fill="#EAD7B4" />
      <path d="M1100 600C1250 566 1420 546 1600 550V600Z" fill="#3F5E48" />
      <path d="M1355 590L1392 530L1429 590ZM1363 557L1392 502L1421 557ZM1371 526L1392 480L1413 526ZM1385 600L1436 518L1487 600ZM1396 555L1436 480L1476 555ZM1407 513L1436 450L1465 513ZM1437 585L1478 519L1519 585ZM1446 549L1478 489L1510 549ZM1455 515L1478 465L1501 515ZM1462 600L1520 506L1578 600ZM1475 549L1520 464L1565 549ZM1488 501L1520 430L1552 501ZM1522 592L1566 520L1610 592ZM1532 553L1566 488L1600 553ZM1541 517L1566 462L1591 517ZM1547 600L1598 518L1649 600ZM1558 555L1598 480L1638 555ZM1569 513L1598 450L1627 513ZM1323 596L1350 552L1377 596ZM1329 572L1350 532L1371 572ZM1335 550L1350 516L1365 550Z" fill="#2B4535" />
      {/* haze on left for text */}
      <rect width="1600" height="600" fill="url(#hero-haze)" />
    </svg>
  );
}
